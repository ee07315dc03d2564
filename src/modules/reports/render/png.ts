/**
 * SVG to PNG, in-process with resvg (@resvg/resvg-js, a native module shipped in the npm package): the
 * picture Word's format asks for beside each SVG image, for versions of Word that do not draw SVG. Text is
 * drawn in Source Sans 3 (fonts.ts), the PDF's typeface, and never in whatever fonts the machine happens to
 * have (system fonts are not loaded), so the same SVG gives the same PNG everywhere.
 */
import { Resvg } from '@resvg/resvg-js';
import { fontFamily, fontFiles } from './fonts.js';

/** The SVG drawn `width` pixels wide (its height in proportion), on white, as PNG bytes. */
export function svgToPng(svg: string, width: number): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width) },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: fontFamily,
      sansSerifFamily: fontFamily,
      serifFamily: fontFamily,
    },
    logLevel: 'off',
  });
  return resvg.render().asPng();
}
