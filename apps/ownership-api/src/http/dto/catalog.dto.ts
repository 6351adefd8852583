import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsStringMap, KUBERNETES_NAME } from './validators';

const SLACK_CHANNEL = /^#?[a-z0-9][a-z0-9._-]{0,79}$/;

export class TeamMemberDto {
  @ApiProperty({ example: 'user:default/jane.doe' })
  @IsString()
  @MaxLength(253)
  ref!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: 'U024BE7LH' })
  @IsOptional()
  @Matches(/^[UW][A-Z0-9]{2,20}$/, {
    message: '$property must be a Slack member id such as U024BE7LH',
  })
  slackId?: string;
}

/** Body of PUT /v1/teams/:name. */
export class TeamBodyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ example: '#payments-oncall' })
  @IsOptional()
  @Matches(SLACK_CHANNEL, {
    message: '$property must be a Slack channel name such as #payments-oncall',
  })
  slackChannel?: string;

  @ApiPropertyOptional({ example: 'payments-oncall@acme.example' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  escalationContact?: string;

  @ApiPropertyOptional({ type: [TeamMemberDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => TeamMemberDto)
  members?: TeamMemberDto[];
}

/** Body of PUT /v1/services/:name. */
export class ServiceBodyDto {
  @ApiPropertyOptional({ example: 'payments-team' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  ownerTeam?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(253)
  system?: string;

  @ApiPropertyOptional({ example: 'tier-1' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  criticality?: string;

  @ApiPropertyOptional({ example: 'production' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  lifecycle?: string;

  @ApiPropertyOptional({ example: 'https://github.com/acme/payments-api' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  repository?: string;

  @ApiPropertyOptional({ example: 'go' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  language?: string;

  @ApiPropertyOptional({ example: ['github.com/jackc/pgx/v5@5.5.4'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2000)
  @IsString({ each: true })
  libraries?: string[];

  @ApiPropertyOptional({ example: ['resource:default/payments-db'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  dependencies?: string[];

  @ApiPropertyOptional({ example: '#payments-api' })
  @IsOptional()
  @Matches(SLACK_CHANNEL, {
    message: '$property must be a Slack channel name such as #payments-api',
  })
  slackChannel?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;
}

/** Body of POST /v1/placements. */
export class PlacementBodyDto {
  @ApiProperty({ example: 'payments-api' })
  @IsString()
  @MaxLength(253)
  serviceName!: string;

  @ApiPropertyOptional({ example: 'prod-eu-west-1', description: 'Any cluster when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(253)
  cluster?: string;

  @ApiPropertyOptional({ example: 'payments', description: 'Any namespace when absent' })
  @IsOptional()
  @Matches(KUBERNETES_NAME, { message: '$property must be a Kubernetes name' })
  namespace?: string;

  @ApiPropertyOptional({ example: 'Deployment' })
  @IsOptional()
  @IsString()
  @MaxLength(63)
  workloadKind?: string;

  @ApiPropertyOptional({ example: 'payments-api' })
  @IsOptional()
  @Matches(KUBERNETES_NAME, { message: '$property must be a Kubernetes name' })
  workloadName?: string;

  @ApiPropertyOptional({ example: { app: 'payments-api' } })
  @IsOptional()
  @IsStringMap(32)
  labelSelector?: Record<string, string>;
}
