import { z } from 'zod';
import { safeReturnTo } from '../../../web/return-to.js';
import { textField } from '../fields.js';

/** A code typed at the second step, in set-up or to turn the second factor off; where to go afterwards. */
export const codeForm = z.object({
  code: textField.transform((s) => s.trim()),
  returnTo: z.preprocess(safeReturnTo, z.string()),
});

export const returnToQuery = z.object({ returnTo: z.preprocess(safeReturnTo, z.string()) });
