import { BadRequestException } from '@nestjs/common';

/**
 * Parses a placement id taken from the path. The handler receives the raw
 * text, because the global validation pipe would turn a non-number into NaN
 * before a parameter pipe could name the value sent.
 */
export function parsePlacementId(value: string): number {
  const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(id)) {
    throw new BadRequestException(
      `placement id ${JSON.stringify(value)} is invalid; use the numeric id that GET /v1/placements lists`,
    );
  }
  return id;
}
