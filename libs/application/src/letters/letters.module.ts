import { DynamicModule, Module } from '@nestjs/common';
import { LetterComposer } from './letter-composer';
import { LetterPrinter } from './letter-printer';
import {
  AdoptLetterSettingsHandler,
  GetLetterSettingsHandler,
  LetterSettingsProvider,
} from './letter-settings';

/**
 * Letters to parents: the LA's letter settings, the composer (names and addresses from the app's
 * PeopleModule, passed in so there is one) and the PDF printer, for the API and the web pages.
 */
@Module({})
export class LettersModule {
  static forRoot(people: DynamicModule): DynamicModule {
    return {
      module: LettersModule,
      imports: [people],
      providers: [
        LetterSettingsProvider,
        AdoptLetterSettingsHandler,
        GetLetterSettingsHandler,
        LetterComposer,
        LetterPrinter,
      ],
      exports: [LetterSettingsProvider, LetterComposer, LetterPrinter],
    };
  }
}
