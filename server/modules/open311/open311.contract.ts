import { Type, type Static } from 'typebox';

/** The admin's JSON API for Open311 client keys (the Open311 calls themselves are form/XML). */
export const CreateApiKey = Type.Object(
  { clientName: Type.String({ minLength: 1, maxLength: 100, description: 'Who will use the key, e.g. 市12345热线平台' }) },
  { additionalProperties: false },
);
export type CreateApiKey = Static<typeof CreateApiKey>;

export const CreatedApiKey = Type.Object({
  id: Type.Integer(),
  clientName: Type.String(),
  keyPrefix: Type.String(),
  /** Shown once: only its hash is stored. */
  apiKey: Type.String(),
});
export type CreatedApiKey = Static<typeof CreatedApiKey>;
