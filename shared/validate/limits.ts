import { z } from 'zod';

/**
 * Size bounds shared by the contract's schemas, so no field can carry more
 * than a person would ever type into it (the doors bound whole bodies too).
 */
export const MAX_ID = 200;
export const idString = z.string().min(1).max(MAX_ID);
export const eventName = z.string().trim().min(1).max(200);
export const scopeId = z.string().min(1).max(MAX_ID);

const MAX_JWK = 16 * 1024;
/** A JWK as JSON; its members are checked by the core when the key is imported. */
export const jwkSchema = z
  .record(z.string().max(64), z.unknown())
  .refine((j) => JSON.stringify(j).length <= MAX_JWK, `A JWK is at most ${MAX_JWK / 1024} KiB`);

export const pemText = z.string().max(64 * 1024);
