import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import type { EventStore } from '@app/event-store';
import { KeyFileSigner, SqliteTransparencyLog, TreeHeadSigner } from '@app/transparency-log';
import * as fs from 'node:fs';
import type { AppConfig } from '../config/config';
import {
  APP_CONFIG,
  CLOCK,
  Clock,
  EVENT_STORE,
  TRANSPARENCY_LOG,
  TREE_HEAD_SIGNER,
} from '../tokens';
import { TransparencyLogFollower, TreeHeads } from './transparency-log';

/**
 * Follows the feed into the transparency log and signs a tree head at each interval when it
 * grew, wherever the process managers run (the api on the embedded default, the worker
 * otherwise). Any process can sign a head on demand (`TreeHeads.sign`): appends to the log
 * re-check its end inside their transaction, so two writers never log an event twice.
 */
@Injectable()
export class TransparencyLogHost
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  readonly treeHeads: TreeHeads;
  private readonly follower: TransparencyLogFollower;
  private readonly logger = new Logger('TransparencyLog');
  private timer: NodeJS.Timeout | undefined;
  private signing: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(TRANSPARENCY_LOG) private readonly log: SqliteTransparencyLog,
    @Inject(TREE_HEAD_SIGNER) signer: TreeHeadSigner,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.treeHeads = new TreeHeads(store, log, signer, clock);
    this.follower = new TransparencyLogFollower(store, log, (error) =>
      this.logger.warn(
        { err: String(error) },
        'transparency log follower failed; it resumes from the log',
      ),
    );
  }

  private get runsHere(): boolean {
    return this.config.processManagers?.runInProcess ?? this.config.projections.runInProcess;
  }

  onApplicationBootstrap(): void {
    if (!this.runsHere) return;
    const signIfGrown = () => {
      this.signing = this.treeHeads
        .signIfGrown()
        .catch((error) => this.logger.warn({ err: String(error) }, 'signing a tree head failed'));
    };
    signIfGrown();
    this.follower.start();
    this.timer = setInterval(signIfGrown, this.config.transparencyLog.treeHeadIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.signing;
    await this.follower.stop();
  }

  onApplicationShutdown(): void {
    this.log.close();
  }
}

/** Opens the signing key, creating it (0600, in a 0700 folder) on first start. */
export function openTreeHeadSigner(config: AppConfig, logger?: Logger): TreeHeadSigner {
  const { keyFile } = config.transparencyLog;
  if (!fs.existsSync(keyFile))
    logger?.warn(
      `Creating a tree-head signing key at ${keyFile}: keep it out of the database's backups, or set TREE_HEAD_KEY_FILE to a key you manage.`,
    );
  return KeyFileSigner.open(keyFile, { create: true });
}

export const transparencyLogProviders = (config: AppConfig): Provider[] => [
  {
    provide: TRANSPARENCY_LOG,
    useFactory: () => new SqliteTransparencyLog(config.transparencyLog.file),
  },
  {
    provide: TREE_HEAD_SIGNER,
    useFactory: () => openTreeHeadSigner(config, new Logger('TransparencyLog')),
  },
  TransparencyLogHost,
];
