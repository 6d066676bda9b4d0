/** Start the platform on a PostgreSQL URL: migrate, bootstrap keys, load demo data, serve. */
import type { AddressInfo } from 'node:net';
import { MikroORM } from '@mikro-orm/postgresql';
import { Clock } from './clock';
import type { Config } from './config';
import { migrate, ormOptions } from './db/orm';
import { loadDemoProjects } from './demo/demo-projects';
import { loadDemoData } from './demo/seed';
import { createSchema } from './graphql/schema';
import { createServer } from './server';
import { bootstrapPlatform, type Services } from './services';

export interface Platform {
  url: string;
  port: number;
  services: Services;
  close: () => Promise<void>;
}

export interface StartHooks {
  onQuery?: (sql: string) => void;
  /**
   * Movable clock only: the platform time at which the platform's own keys, its CA and the demo data are
   * made on a fresh database; the clock then goes back to its offset. Tests that move the clock to fixed
   * dates need certificates made before those dates, whatever today's date is.
   */
  madeAt?: Date;
}

export async function startPlatform(config: Config, databaseUrl: string, hooks: StartHooks = {}): Promise<Platform> {
  const orm = await MikroORM.init(ormOptions(databaseUrl, { onQuery: hooks.onQuery }));
  let stopEvents = async (): Promise<void> => undefined;
  try {
    await migrate(orm);
    const make = async () => {
      const services = await bootstrapPlatform(orm, config);
      await services.events.start();
      stopEvents = () => services.events.stop();
      if (config.demo && (await loadDemoData(services))) {
        // the projects are a convenience: a calendar that does not reach far enough must not stop the platform
        const projects = config.demoProjects ? await loadDemoProjects(services).then(() => ' (with two published projects)', (e: Error) => ` (no demo projects: ${e.message})`) : '';
        services.log.info(`loaded demo data${projects}`);
      }
      return services;
    };
    const services = hooks.madeAt ? await Clock.of(config).during(orm.em.fork(), hooks.madeAt, make) : await make();
    await services.projectClock.tick(); // catch up on whatever came due while the server was down
    const server = await createServer(services, await createSchema(services.pubSub));
    await new Promise<void>((resolve, reject) => {
      server.httpServer.once('error', reject);
      server.httpServer.listen(config.port, config.host, resolve);
    });
    services.projectClock.start(config.schedulerIntervalMs); // only once listening: a failed start leaves no timer behind
    const port = (server.httpServer.address() as AddressInfo).port;
    return {
      url: `http://localhost:${port}`,
      port,
      services,
      close: async () => {
        await services.projectClock.stop();
        await server.close();
        await services.events.stop();
        await orm.close();
      },
    };
  } catch (error) {
    await stopEvents();
    await orm.close();
    throw error;
  }
}
