// Deliberately bad: a service reaching into another service's source by a relative path.
import { reportingRuntime } from '../../reporting/src/reporting.module';

export const bad = reportingRuntime;
