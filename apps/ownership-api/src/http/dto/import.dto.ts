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
import { IsJsonDocument } from './validators';

export class CatalogFileDto {
  @ApiProperty({ example: 'payments-api/catalog-info.yaml' })
  @IsString()
  @MaxLength(1000)
  source!: string;

  @ApiProperty({ description: 'YAML text of the file; several entities may be separated by ---' })
  @IsString()
  @MaxLength(4 * 1024 * 1024)
  content!: string;
}

export class BackstageImportDto {
  @ApiProperty({ type: [CatalogFileDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => CatalogFileDto)
  files!: CatalogFileDto[];
}

export class AwsTagsImportDto {
  @ApiProperty({ example: 'resources-prod.json' })
  @IsString()
  @MaxLength(1000)
  source!: string;

  @ApiPropertyOptional({ example: 'service', default: 'service' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  tagKey?: string;

  @ApiPropertyOptional({
    example: '111122223333',
    description: 'Account for ARNs without one, such as S3 buckets',
  })
  @IsOptional()
  @Matches(/^\d{12}$/, { message: '$property must be a 12-digit AWS account id' })
  defaultAccount?: string;

  @ApiProperty({ description: 'Output of aws resourcegroupstaggingapi get-resources' })
  @IsJsonDocument()
  report!: object;
}

export class ScanImportDto {
  @ApiProperty({ example: 'trivy-payments-api.json' })
  @IsString()
  @MaxLength(1000)
  source!: string;

  @ApiPropertyOptional({
    description: 'Service the report is for; found from the image or Snyk project when absent',
  })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  service?: string;

  @ApiPropertyOptional({
    description: 'Image a Clair report is for',
    example: 'ghcr.io/acme/payments-api:1.42.0',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  image?: string;

  @ApiProperty({ description: 'The scanner JSON report' })
  @IsJsonDocument()
  report!: object;
}

export class DeploymentDto {
  @ApiProperty({ example: 'payments-api' })
  @IsString()
  @MaxLength(253)
  service!: string;

  @ApiProperty({ example: 'ghcr.io/acme/payments-api:1.43.0' })
  @IsString()
  @MaxLength(512)
  image!: string;

  @ApiProperty({ example: 'prod-eu-west-1' })
  @IsString()
  @MaxLength(253)
  cluster!: string;

  @ApiProperty({ example: 'payments' })
  @Matches(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
    message: '$property must be a Kubernetes namespace name',
  })
  namespace!: string;

  @ApiProperty({ example: 'payments-api' })
  @Matches(/^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/, {
    message: '$property must be a Kubernetes workload name',
  })
  workload!: string;

  @ApiPropertyOptional({ example: 'Deployment' })
  @IsOptional()
  @Matches(/^[A-Z][A-Za-z]{0,62}$/, {
    message: '$property must be a Kubernetes kind such as Deployment',
  })
  workloadKind?: string;
}
