import { NotFoundException } from '@nestjs/common';
import { ViewNotFound } from './view-reads';

/** A view answer, or 404 when the view (or the asked version) does not exist. */
export async function answer<T>(read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ViewNotFound) throw new NotFoundException(error.message);
    throw error;
  }
}
