import type { AcademicLevel, ResidentialLevel } from '@bulwark/contracts';

export interface PublishNotice {
  noticeId: string;
  title: unknown;
  body: unknown;
  /** Unit codes, on either line. */
  audience: unknown[];
  publishedBy: string;
}

export interface AcknowledgeNotice {
  noticeId: string;
  studentNumber: string;
}

/** A unit as the roster copy knows it. */
export interface KnownUnit {
  code: string;
  line: 'academic' | 'residential';
  level: AcademicLevel | ResidentialLevel;
  path: readonly string[];
}
