import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** Every bad field of a request body, each with its reason: `{ field: 'students.3.name', reason }`. */
export function fieldErrors(
  errors: ValidationError[],
  parent = '',
): { field: string; reason: string }[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...fieldErrors(e.children ?? [], field)];
  });
}

/** class-validator at the edge: unknown fields refused, types converted, 400 with each field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const list = fieldErrors(errors);
      return new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: list.map((e) => `${e.field}: ${e.reason}`).join('; '),
        errors: list,
      });
    },
  });
}
