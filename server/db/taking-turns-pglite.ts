import { setImmediate as nextTurn } from 'node:timers/promises';
import { PGlite, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite';

/**
 * PGlite whose every statement and transaction first lets the event loop take a turn.
 *
 * PGlite runs Postgres inside this thread and answers with promises that are already
 * settled, so a request that queries in a loop (a push of hundreds of mutations, one
 * transaction each) never yields to the event loop: no other request was even read until it
 * ended, seconds later, health checks included. Waiting for the next turn first lets other
 * requests be read and queue their own statements; PGlite serves its queue in order, so
 * anyone else waits for at most one statement or transaction of another's at a time.
 * Statements inside a transaction run straight through: the transaction holds the one
 * connection anyway.
 */
export class TakingTurnsPGlite extends PGlite {
  override async query<T>(
    query: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<Results<T>> {
    await nextTurn();
    return super.query<T>(query, params, options);
  }

  override async exec(query: string, options?: QueryOptions): Promise<Results[]> {
    await nextTurn();
    return super.exec(query, options);
  }

  /**
   * A transaction waits for the event loop to go round once more (an I/O poll between), so
   * a statement asked for meanwhile (a pull, a session check) goes ahead of it: the long work
   * waits for the short.
   */
  override async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    await nextTurn();
    await nextTurn();
    return super.transaction(callback);
  }
}
