import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/** The header's value, checked: what `@IdempotencyKey()` hands the command. */
export function readIdempotencyKey(_: unknown, ctx: ExecutionContext): string | undefined {
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
}

const idempotencyKeyParam = createParamDecorator(readIdempotencyKey);

/**
 * The client's `Idempotency-Key` header, the command id under which the first answer is
 * kept: a repeat with the same key gets that answer and changes nothing. The route's OpenAPI
 * header comes with it, so only the routes that honour the key advertise it.
 */
export function IdempotencyKey(): ParameterDecorator {
  return (target, method, index) => {
    idempotencyKeyParam()(target, method, index);
    if (method === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, method);
    if (descriptor === undefined) return;
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'a repeat returns the first answer',
    })(target, method, descriptor);
  };
}
