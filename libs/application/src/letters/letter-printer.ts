/**
 * Prints a letter's HTML to PDF in headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core, which never downloads a browser of its own). One browser is started on the first
 * PDF and kept; each letter gets a fresh page with JavaScript off, the HTML set directly (nothing is
 * fetched), and the page closed afterwards. Without a browser the PDF is refused with a 503 that
 * says what is missing; the HTML letter still works.
 */
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import * as fs from 'node:fs';
import type { Browser } from 'puppeteer-core';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../tokens';

/** No browser to print with (HTTP 503). */
export class PdfPrinterUnavailable extends Error {
  constructor(detail: string) {
    super(
      `Letters cannot be printed to PDF here: ${detail} Install Debian's chromium or set CHROMIUM_PATH; the HTML letter (format=html) is available meanwhile.`,
    );
    this.name = 'PdfPrinterUnavailable';
  }
}

@Injectable()
export class LetterPrinter implements OnApplicationShutdown {
  private browser: Promise<Browser> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async pdf(html: string): Promise<Buffer> {
    const browser = await this.started();
    const page = await browser.newPage();
    try {
      await page.setJavaScriptEnabled(false);
      await page.setContent(html, { waitUntil: 'load' });
      return Buffer.from(
        await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true }),
      );
    } finally {
      await page.close();
    }
  }

  private started(): Promise<Browser> {
    const path = this.config.letters.chromiumPath;
    if (!fs.existsSync(path)) throw new PdfPrinterUnavailable(`there is no browser at ${path}.`);
    this.browser ??= import('puppeteer-core').then(({ default: puppeteer }) =>
      puppeteer.launch({
        executablePath: path,
        headless: true,
        // Containers and CI run as root, where chromium's sandbox lacks the namespaces it needs.
        args: ['--no-sandbox', '--disable-dev-shm-usage'],
      }),
    );
    this.browser.catch(() => (this.browser = undefined));
    return this.browser;
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }
}
