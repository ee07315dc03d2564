import { z } from 'zod';

/** Every API response wraps its payload as { data: … }. */
export const envelope = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

export const apiError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** Standard error responses each API route declares beside its success schema. */
export const errorResponses = { 400: apiError, 401: apiError, 403: apiError, 404: apiError } as const;
