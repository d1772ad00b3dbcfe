import { createHash } from 'node:crypto';
import type Redis from 'ioredis';

/**
 * The Redis adapter's unit of work, as one script so it is atomic: check the conditional
 * checkpoints, then for each write drop the document's old index entries (remembered in its
 * `ent:` key) and add the new ones, then move the checkpoints. A collection listed by id only
 * (`u`: its one entry, which follows from the id) keeps no `ent:` key: its entry is added or
 * removed with the document. Everything that could fail (the checks, decoding) happens before the
 * first write, because Redis does not roll a script back. Documents travel as arguments of their
 * own (`j`: which), never decoded or re-encoded by Lua.
 *
 * Keys are derived from the prefix inside the script, so on a Redis Cluster the prefix must carry
 * a hash tag (`{read-models}:`) to keep every key in one slot.
 */
export const COMMIT = `
local p = ARGV[1]
local tx = cjson.decode(ARGV[2])
local checkpoints = p .. 'checkpoints'
for _, c in ipairs(tx.checks) do
  local actual = redis.call('HGET', checkpoints, c[1]) or ''
  if actual ~= c[2] then return { 'conflict', c[1], actual } end
end
local decoded = {}
for i, w in ipairs(tx.writes) do
  if w.ent then decoded[i] = cjson.decode(w.ent) end
end
for i, w in ipairs(tx.writes) do
  local base = p .. 'c:' .. w.c .. ':'
  local entKey = base .. 'ent:' .. w.id
  if w.u then
    if w.j then
      redis.call('SET', base .. 'doc:' .. w.id, ARGV[w.j])
      redis.call('ZADD', base .. 'idx:' .. w.u[1], 0, w.u[2])
    else
      redis.call('DEL', base .. 'doc:' .. w.id, entKey)
      redis.call('ZREM', base .. 'idx:' .. w.u[1], w.u[2])
    end
  else
    local old = redis.call('GET', entKey)
    if old then
      for _, e in ipairs(cjson.decode(old)) do redis.call('ZREM', base .. 'idx:' .. e[1], e[2]) end
    end
    if w.j then
      redis.call('SET', base .. 'doc:' .. w.id, ARGV[w.j])
      for _, e in ipairs(decoded[i]) do redis.call('ZADD', base .. 'idx:' .. e[1], 0, e[2]) end
      redis.call('SET', entKey, w.ent)
    else
      redis.call('DEL', base .. 'doc:' .. w.id, entKey)
    end
  end
end
for _, c in ipairs(tx.checkpoints) do redis.call('HSET', checkpoints, c[1], c[2]) end
return { 'ok' }`;

/** One page of an index, read with its documents in one step so the two agree. */
export const PAGE = `
local p = ARGV[1]
local base = p .. 'c:' .. ARGV[2] .. ':'
local members
if ARGV[4] == 'asc' then
  members = redis.call('ZRANGEBYLEX', base .. 'idx:' .. ARGV[3], ARGV[5], '+', 'LIMIT', 0, ARGV[6])
else
  members = redis.call('ZREVRANGEBYLEX', base .. 'idx:' .. ARGV[3], ARGV[5], '-', 'LIMIT', 0, ARGV[6])
end
local out = {}
for _, m in ipairs(members) do
  local hexId = string.match(m, '%.([0-9a-f]*)$')
  local id = (hexId:gsub('..', function(h) return string.char(tonumber(h, 16)) end))
  local body = redis.call('GET', base .. 'doc:' .. id)
  if body then
    out[#out + 1] = m
    out[#out + 1] = body
  end
end
return out`;

const sha1 = (script: string) => createHash('sha1').update(script).digest('hex');
const shas = new Map<string, string>();

/** EVALSHA, loading the script on the first NOSCRIPT (a restarted or different server). */
export async function runScript(redis: Redis, script: string, args: string[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) shas.set(script, (sha = sha1(script)));
  try {
    return await redis.evalsha(sha, 0, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return redis.eval(script, 0, ...args);
  }
}
