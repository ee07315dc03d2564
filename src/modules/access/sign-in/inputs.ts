import { z } from 'zod';
import { safeReturnTo } from '../../../web/return-to.js';
import { textField } from '../fields.js';

/** The sign-in form and the page's query: where to go afterwards is kept only when it stays on this site. */

const returnTo = z.preprocess(safeReturnTo, z.string());

export const signInQuery = z.object({ returnTo });

export const signInForm = z.object({
  email: textField.transform((s) => s.trim()),
  password: textField,
  returnTo,
});
