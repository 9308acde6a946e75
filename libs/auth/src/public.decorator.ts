import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'bulwark:auth:public';

/**
 * Opens a route or a whole controller to anonymous callers (health, metrics,
 * docs). Everything else needs a verified token.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
