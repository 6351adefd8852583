import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

const ENTITY_NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/** Checks a team or service name taken from the path. */
@Injectable()
export class EntityNamePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ENTITY_NAME.test(value)) {
      throw new BadRequestException(
        `name ${JSON.stringify(value)} is invalid; use letters, digits, . _ and -, starting and ending with a letter or digit`,
      );
    }
    return value;
  }
}
