import { Injectable } from '@nestjs/common';
import type { Registry } from '../core';

/** Binds every method decorated with promkit's method decorators to the module's registry. */
@Injectable()
export class DecoratedMethodsBinder {
  bindAll(_registry: Registry<any>): () => void {
    return () => {};
  }
}
