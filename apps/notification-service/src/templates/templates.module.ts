import { DynamicModule, Global, Module } from '@nestjs/common';
import type { PerCity } from '@city/platform-config';
import type { TemplateBook } from './template-book';
import { TEMPLATE_BOOK } from './templates.tokens';

/**
 * Each served city's template book (its own `templates/`, else TEMPLATES_DIR), loaded once at start
 * (a template of any city that does not render stops the start), for every feature.
 */
@Global()
@Module({})
export class TemplatesModule {
  static forRoot(book: PerCity<TemplateBook>): DynamicModule {
    return {
      module: TemplatesModule,
      providers: [{ provide: TEMPLATE_BOOK, useValue: book }],
      exports: [TEMPLATE_BOOK],
    };
  }
}
