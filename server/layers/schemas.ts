import { z } from 'zod';

const idRef = z.number().int().positive().nullable().optional();

/** C0/C1 control characters (NUL, ESC, …): never part of a code or a name, often an attack or a broken file. */
export const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/** Properties of a feature in a request (code/name required on create). */
export const createPropsSchema = z
  .object({
    code: z.string().trim().min(1, 'code is required').max(64).refine((s) => !CONTROL_CHARS.test(s), 'code must not contain control characters'),
    name: z.string().trim().min(1, 'name is required').max(200).refine((s) => !CONTROL_CHARS.test(s), 'name must not contain control characters'),
    parentId: idRef,
    stationId: idRef,
  })
  .catchall(z.unknown());

/** POST /api/layers/:layer body: a GeoJSON Feature (+ optional reason). */
export const createBodySchema = z.object({
  type: z.literal('Feature', { error: 'type must be "Feature"' }),
  geometry: z.unknown().refine((g) => g !== undefined && g !== null, 'geometry is required'),
  properties: createPropsSchema,
  reason: z.string().max(2000).optional(),
});

/** PUT /api/layers/:layer/:id body: geometry and/or properties (+ version, reason). */
export const updateBodySchema = z
  .object({
    type: z.literal('Feature').optional(),
    geometry: z.unknown().optional(),
    properties: createPropsSchema.partial().catchall(z.unknown()).optional(),
    version: z.number().int().positive().optional(),
    reason: z.string().max(2000).optional(),
  })
  .refine((b) => b.geometry !== undefined || b.properties !== undefined, 'send geometry and/or properties');

/** DELETE body (optional). */
export const deleteBodySchema = z.object({ version: z.number().int().positive().optional(), reason: z.string().max(2000).optional() });

/** Layer query string. */
export const layerQuerySchema = z.object({
  county: z.string().trim().min(1).max(64).optional(),
  station: z.coerce.number().int().positive().optional(),
});
