import { SetMetadata } from '@nestjs/common';
import type { TokenScope } from '../repositories/token.repository';

export const REQUIRED_SCOPE = 'talaria:required-scope';

/** Marks a handler as needing a token with `scope`; an `admin` token has every scope. */
export const RequireScope = (scope: TokenScope | 'none') => SetMetadata(REQUIRED_SCOPE, scope);

/** Marks a handler as open to anyone, as health probes must be. */
export const Public = () => RequireScope('none');
