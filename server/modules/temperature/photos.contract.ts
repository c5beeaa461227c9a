import { Type, type Static } from 'typebox';
import { IsoDateTime, PHOTO_TYPES } from '../../kernel/contract.ts';

/** Per reading: the thermometer and the room, not an album. */
export const MAX_READING_PHOTOS = 3;
/** Per patrol round: the gauges, the pumps, whatever was found. */
export const MAX_ROUND_PHOTOS = 6;

export const TemperaturePhotoView = Type.Object({
  id: Type.Integer(),
  /** Exactly one of readingId and roundId is set. */
  readingId: Type.Union([Type.Integer(), Type.Null()]),
  roundId: Type.Union([Type.Integer(), Type.Null()]),
  contentType: Type.Enum(PHOTO_TYPES),
  bytes: Type.Integer(),
  uploadedBy: Type.Integer(),
  uploadedAt: IsoDateTime,
  /** Where the image itself is served (signed in, same scope as the reading or round). */
  url: Type.String(),
});
export type TemperaturePhotoView = Static<typeof TemperaturePhotoView>;
export const TemperaturePhotoList = Type.Object({ items: Type.Array(TemperaturePhotoView) });
