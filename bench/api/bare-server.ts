/**
 * The yardstick of `npm run bench:api`: a bare NestJS app whose one endpoint does one durable
 * SQLite insert (WAL, synchronous=FULL, as the event store writes), on the HTTP platform named in
 * argv[2] (`express` or `fastify`). Prints `{"url":…}` once listening.
 */
import 'reflect-metadata';
import Database from 'better-sqlite3';
import * as path from 'node:path';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

const platform = process.argv[2] === 'fastify' ? 'fastify' : 'express';
const db = new Database(path.join(process.env.DATA_DIR ?? '.', `bare-${platform}.db`));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE IF NOT EXISTS facts (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO facts (body) VALUES (?)');

@Controller('facts')
class FactsController {
  @Post()
  @HttpCode(201)
  record(@Body() body: unknown): { id: number } {
    return { id: Number(insert.run(JSON.stringify(body)).lastInsertRowid) };
  }
}

@Module({ controllers: [FactsController] })
class BareModule {}

async function main(): Promise<void> {
  const app =
    platform === 'fastify'
      ? await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false })
      : await NestFactory.create(BareModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
}

void main();
