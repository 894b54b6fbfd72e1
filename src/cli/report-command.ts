import { UsageError } from './cli-args';
export async function runReport(_argv: string[]): Promise<number> {
  throw new UsageError('not yet');
}
