import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { MAX_RESOLVE_IDENTITIES } from '../../resolve/resolve.service';
import type { WorkloadQuery } from '../../resolve/resolve-types';
import { IsStringMap, KUBERNETES_NAME } from './validators';

export class WorkloadQueryDto implements WorkloadQuery {
  @ApiPropertyOptional({ example: 'prod-eu-west-1' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  cluster?: string;

  @ApiPropertyOptional({ example: 'payments' })
  @IsOptional()
  @Matches(KUBERNETES_NAME, {
    message: '$property must be a Kubernetes name (lower-case letters, digits, . and -)',
  })
  namespace?: string;

  @ApiPropertyOptional({ example: 'payments-api-7d9f8c6b5-x2k4q' })
  @IsOptional()
  @Matches(KUBERNETES_NAME, {
    message: '$property must be a Kubernetes name (lower-case letters, digits, . and -)',
  })
  pod?: string;

  @ApiPropertyOptional({ example: 'Deployment' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  workloadKind?: string;

  @ApiPropertyOptional({
    example: 'payments-api',
    description: 'Owning workload; derived from pod when absent',
  })
  @IsOptional()
  @Matches(KUBERNETES_NAME, {
    message: '$property must be a Kubernetes name (lower-case letters, digits, . and -)',
  })
  workloadName?: string;

  @ApiPropertyOptional({ example: { 'app.kubernetes.io/name': 'payments-api' } })
  @IsOptional()
  @IsStringMap(64)
  labels?: Record<string, string>;

  @ApiPropertyOptional({ example: 'ghcr.io/acme/payments-api:1.42.0' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  image?: string;

  @ApiPropertyOptional({ example: '111122223333' })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: '$property must be a 12-digit AWS account id' })
  awsAccount?: string;

  @ApiPropertyOptional({ example: 'arn:aws:iam::111122223333:role/payments-api' })
  @IsOptional()
  @Matches(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/, {
    message: '$property must be an IAM role or STS assumed-role ARN',
  })
  roleArn?: string;
}

export class ResolveRequestDto {
  @ApiProperty({ type: [WorkloadQueryDto], maxItems: MAX_RESOLVE_IDENTITIES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RESOLVE_IDENTITIES, {
    message: `$property may hold at most ${MAX_RESOLVE_IDENTITIES} identities; split the request`,
  })
  @ValidateNested({ each: true })
  @Type(() => WorkloadQueryDto)
  identities!: WorkloadQueryDto[];
}
