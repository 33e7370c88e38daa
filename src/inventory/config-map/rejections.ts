import { InputError } from '../../errors.js';
import { MAX_LISTED_REJECTIONS, type RejectedItem, type RejectedItems } from '../resource.js';

/**
 * The items of one source document that could not be read. One malformed item
 * among many is left out and recorded here, so the rest can still be scanned;
 * only the first {@link MAX_LISTED_REJECTIONS} are kept, all are counted.
 */
export class Rejections {
  private readonly listed: RejectedItem[] = [];
  private total = 0;

  constructor(private readonly file: string) {}

  get count(): number {
    return this.total;
  }

  /** The first rejection's full message, for a document none of whose items could be read. */
  get first(): string | undefined {
    const r = this.listed[0];
    return r && `${r.file}: ${r.message}`;
  }

  /**
   * Runs one item's step. An {@link InputError} (malformed input) rejects the
   * item and yields undefined; any other error is a bug and propagates.
   */
  attempt<T>(pointer: string, step: () => T): T | undefined {
    try {
      return step();
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.reject(pointer, error.message);
      return undefined;
    }
  }

  reject(pointer: string, message: string): void {
    this.total++;
    if (this.listed.length >= MAX_LISTED_REJECTIONS) return;
    const prefix = `${this.file}: `;
    this.listed.push({ file: this.file, pointer, message: message.startsWith(prefix) ? message.slice(prefix.length) : message });
  }

  /** For the snapshot header: undefined when nothing was rejected. */
  summary(): RejectedItems | undefined {
    return this.total > 0 ? { count: this.total, items: [...this.listed] } : undefined;
  }
}
