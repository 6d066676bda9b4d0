/**
 * A separate OS process that appends events in a loop, each in its own transaction, through the real
 * EventLog.append (test/api/events/kill.test.ts kills it with SIGKILL mid-loop).
 *
 *   node --import tsx test/support/event-writer.ts <databaseUrl> <stream> [<stream> …]
 *
 * One loop per stream, each on its own connection, all running at once (so commits of different
 * streams interleave and a lower global seq can commit after a higher one). Stdout, one line each
 * (stdout is a pipe, written synchronously on Linux, so a line printed is a line the parent can read
 * even if we are killed right after):
 *
 *   ready
 *   open <stream> <streamSeq> <seq>     the event is inserted, its transaction not yet committed
 *   commit <stream> <streamSeq> <seq>   the transaction committed
 *
 * Between `open` and `commit` the transaction stays open for WRITER_HOLD_MS (default 3 ms), holding
 * the stream's advisory lock: a kill then lands inside a transaction most of the time.
 *
 * MikroORM runs here without entities (EventLog only uses `execute` and transactions), so that this
 * file runs from source through tsx, which does not emit the decorator metadata entities need.
 */
import { MikroORM } from '@mikro-orm/postgresql';
import { EventLog } from '../../api/src/events/event-log';

const [databaseUrl, ...streams] = process.argv.slice(2);
if (!databaseUrl || streams.length === 0) {
  process.stderr.write('usage: event-writer.ts <databaseUrl> <stream> [<stream> …]\n');
  process.exit(2);
}
const HOLD_MS = Number(process.env.WRITER_HOLD_MS ?? 3);
const LIMIT = Number(process.env.WRITER_LIMIT ?? 100_000);

const line = (text: string) => process.stdout.write(`${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const orm = await MikroORM.init({
    clientUrl: databaseUrl,
    entities: [],
    discovery: { warnWhenNoEntities: false, requireEntitiesArray: false },
    allowGlobalContext: false,
    pool: { min: 0, max: streams.length + 1 },
    debug: false,
  });
  const log = new EventLog();
  line('ready');
  await Promise.all(streams.map(async (stream) => {
    for (let i = 1; i <= LIMIT; i++) {
      const event = await orm.em.fork().transactional(async (em) => {
        const e = await log.append(em, stream, 'TICK', { i, pid: process.pid });
        line(`open ${stream} ${e.streamSeq} ${e.seq}`);
        if (HOLD_MS > 0) await sleep(HOLD_MS);
        return e;
      });
      line(`commit ${stream} ${event.streamSeq} ${event.seq}`);
    }
  }));
  await orm.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`event-writer failed: ${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
