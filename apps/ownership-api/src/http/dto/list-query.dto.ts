import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class PageQueryDto {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}

export class ServiceListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) team?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(63) criticality?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(63) language?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) system?: string;
  @ApiPropertyOptional({ description: 'Substring of the name' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  search?: string;
}

export class TeamListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Substring of the name or display name' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  search?: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(80) slackChannel?: string;
}

export class PlacementListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) service?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) cluster?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) namespace?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(253) workload?: string;
}

export class AuditListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'service' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  entityType?: string;
  @ApiPropertyOptional({ example: 'payments-api' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  entityKey?: string;
}

export class TokenBodyDto {
  @ApiProperty({ example: 'ci-catalog-import' })
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, {
    message: '$property must be lower-case letters, digits, . _ and -',
  })
  name!: string;

  @ApiProperty({ example: ['write'], enum: ['read', 'write', 'admin'], isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(['read', 'write', 'admin'], { each: true })
  scopes!: Array<'read' | 'write' | 'admin'>;
}

export function pageOf(query: PageQueryDto) {
  return { limit: query.limit ?? DEFAULT_PAGE_SIZE, offset: query.offset ?? 0 };
}
