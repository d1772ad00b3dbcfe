import { NATIONAL_DEFAULTS, PupilCommand, PupilEvent, pupilStreamId } from '@app/domain';
import { registered, registerWeeks } from '@app/domain/testing/journey-fixtures';
import { MemoryEventStore, RecordedEvent } from '@app/event-store';
import type { ExecutePupilCommand } from '../pupils/pupil-commands';
import { appendDomainEvents } from '../testing/append-domain-events';
import { MonitorProcessManager } from './monitor.process-manager';

const PUPIL = 'pupil-1';
const meta = { actor: 's', role: 's', correlationId: 'c', causationId: 'c', occurredAt: '' };

describe('the monitor process manager', () => {
  let store: MemoryEventStore;
  let sent: PupilCommand[];
  let manager: MonitorProcessManager;
  beforeEach(() => {
    store = new MemoryEventStore();
    sent = [];
    manager = new MonitorProcessManager(
      store,
      { execute: async (c: ExecutePupilCommand) => void sent.push(c.command) },
      async () => NATIONAL_DEFAULTS,
    );
  });

  async function record(events: PupilEvent[]): Promise<RecordedEvent[]> {
    await appendDomainEvents(store, pupilStreamId(PUPIL), events, meta);
    const all: RecordedEvent[] = [];
    for await (const e of store.readStream(pupilStreamId(PUPIL))) all.push(e);
    return all;
  }

  it('raises each concern the register calls for, with the rule, after marks are recorded', async () => {
    const events = await record([registered, ...registerWeeks(3, 1)]);
    await manager.handle(events[1]);
    expect(sent.map((c) => c.type)).toEqual(['RaiseConcern', 'RaiseConcern']);
    expect(sent.map((c) => (c as { rule: { name: string } }).rule.name).sort()).toEqual([
      'attendance-below-level',
      'persistent-absence',
    ]);
  });

  it('leaves the judging to the latest marks when later marks are already in the stream', async () => {
    const events = await record([registered, ...registerWeeks(3, 2)]);
    await manager.handle(events[1]);
    expect(sent).toEqual([]);
    await manager.handle(events[2]);
    expect(sent.length).toBeGreaterThan(0);
  });

  it('does nothing for events that are not marks, nor for a closed case', async () => {
    const closed: PupilEvent = {
      type: 'CaseClosed',
      data: { reason: 'other', explanation: '', closedOn: '2025-03-01', ruleSetVersion: 'v' },
    };
    const events = await record([registered, ...registerWeeks(3, 1), closed]);
    await manager.handle(events[0]);
    await manager.handle(events[1]);
    expect(sent).toEqual([]);
  });

  it('goes on when the journey refuses a concern (already raised meanwhile), and stops on anything else', async () => {
    const events = await record([registered, ...registerWeeks(3, 1)]);
    const { DuplicateId } = await import('@app/domain');
    const refusing = new MonitorProcessManager(
      store,
      {
        execute: async () => {
          throw new DuplicateId('concern', 'x');
        },
      },
      async () => NATIONAL_DEFAULTS,
    );
    await expect(refusing.handle(events[1])).resolves.toBeUndefined();
    const failing = new MonitorProcessManager(
      store,
      {
        execute: async () => {
          throw new Error('store down');
        },
      },
      async () => NATIONAL_DEFAULTS,
    );
    await expect(failing.handle(events[1])).rejects.toThrow('store down');
  });
});
