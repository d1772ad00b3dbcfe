/** Injection tokens for the ports; adapters are chosen by configuration (application.module.ts). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const EVENT_STORE = Symbol('EVENT_STORE');
export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');
/** The Redis connection, present only when REDIS_URL is configured. */
export const REDIS = Symbol('REDIS');
/** `() => Date`: the only place the application reads the time, so tests can set it. */
export const CLOCK = Symbol('CLOCK');
export type Clock = () => Date;
/** The read models' DocumentStore: SQLite in DATA_DIR, or Redis when REDIS_URL is set. */
export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');
/** The Projector running ALL_PROJECTIONS (started here only when projections run in-process). */
export const PROJECTOR = Symbol('PROJECTOR');
/**
 * The Scheduler (libs/jobs): BullMQ when REDIS_URL is set, the in-process SQLite one otherwise.
 * Register a queue's handler in onModuleInit; it is started in onApplicationBootstrap.
 */
export const SCHEDULER = Symbol('SCHEDULER');
/** The transparency log (SqliteTransparencyLog in DATA_DIR) every event is logged in. */
export const TRANSPARENCY_LOG = Symbol('TRANSPARENCY_LOG');
/** The TreeHeadSigner: the Ed25519 key file (TREE_HEAD_KEY_FILE) on every configuration so far. */
export const TREE_HEAD_SIGNER = Symbol('TREE_HEAD_SIGNER');
