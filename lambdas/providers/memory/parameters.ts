/** SSM parameters in memory, for the drill and tests: every call is kept, in order. */
import type { ParameterPort } from '../../core/ports';

export class InMemoryParameters implements ParameterPort {
  readonly calls: { operation: string; name: string; value?: string }[] = [];
  readonly values = new Map<string, string>();

  get(name: string): Promise<string | null> {
    this.calls.push({ operation: 'GetParameter', name });
    return Promise.resolve(this.values.get(name) ?? null);
  }

  put(name: string, value: string): Promise<void> {
    this.calls.push({ operation: 'PutParameter', name, value });
    this.values.set(name, value);
    return Promise.resolve();
  }

  delete(name: string): Promise<void> {
    this.calls.push({ operation: 'DeleteParameter', name });
    this.values.delete(name);
    return Promise.resolve();
  }
}
