import path from 'node:path';
import { demoDir } from '../../demo/files.js';

/** The bundled demo evidence: data/demo/evidence (see its README for sources and attribution). */
export const demoEvidenceDir = path.join(demoDir, 'evidence');
