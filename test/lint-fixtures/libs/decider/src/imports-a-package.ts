// Deliberately bad: the decider kernel importing a package.
import { Injectable } from '@nestjs/common';

export const bad = Injectable;
