import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';

/**
 * The client's `Idempotency-Key` header, the command id under which the first answer is
 * kept: a repeat with the same key gets that answer and changes nothing.
 */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const key = ctx.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[
      'idempotency-key'
    ];
    if (key === undefined) return undefined;
    if (typeof key !== 'string' || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Idempotency-Key must be 8 to 128 characters of letters, digits, . _ : -',
        errors: [
          {
            field: 'Idempotency-Key',
            reason: 'must be 8 to 128 characters of letters, digits, . _ : -',
          },
        ],
      });
    }
    return key;
  },
);
