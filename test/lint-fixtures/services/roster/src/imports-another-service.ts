// Deliberately bad: a service importing another service by its package name.
import { ReportingModule } from '@bulwark/reporting-service';

export const bad = ReportingModule;
