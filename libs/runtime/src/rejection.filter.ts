import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { Rejection } from '@bulwark/decider';

const STATUS = { invalid: 400, forbidden: 403, 'not-found': 404, conflict: 409 } as const;
const ERROR = {
  invalid: 'Bad Request',
  forbidden: 'Forbidden',
  'not-found': 'Not Found',
  conflict: 'Conflict',
} as const;

/** The slice of a response the filter writes (Fastify's reply, as Express's would do). */
interface JsonResponse {
  status(code: number): { send(body: unknown): unknown };
}

/** A decider's Rejection becomes the HTTP answer: status, field and reason, plus details. */
@Catch(Rejection)
export class RejectionFilter implements ExceptionFilter<Rejection> {
  catch(rejection: Rejection, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw rejection;
    host
      .switchToHttp()
      .getResponse<JsonResponse>()
      .status(STATUS[rejection.kind])
      .send({
        statusCode: STATUS[rejection.kind],
        error: ERROR[rejection.kind],
        message: rejection.message,
        errors: [{ field: rejection.field, reason: rejection.message }],
        ...(rejection.details ? { details: rejection.details } : {}),
      });
  }
}
