/**
 * The typeface every rendered report uses: Source Sans 3, from the `source-sans` package
 * (node_modules/source-sans/TTF), so a PDF and the pictures in a Word document look the same on every machine
 * and never depend on the fonts installed on it.
 */
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The folder of Source Sans 3's TrueType files (Typst reads the whole folder). */
export const fontDir = path.join(path.dirname(require.resolve('source-sans/package.json')), 'TTF');

/** The family name the files declare. */
export const fontFamily = 'Source Sans 3';

/** The faces SaferHub's charts and maps use: regular and bold, upright and italic. */
export const fontFiles = ['Regular', 'Bold', 'It', 'BoldIt'].map((face) => path.join(fontDir, `SourceSans3-${face}.ttf`));
