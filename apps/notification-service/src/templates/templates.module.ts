import { DynamicModule, Global, Module } from '@nestjs/common';
import type { TemplateBook } from './template-book';
import { TEMPLATE_BOOK } from './templates.tokens';

/** The city's template book, loaded once at start (a template that does not render stops the start), for every feature. */
@Global()
@Module({})
export class TemplatesModule {
  static forRoot(book: TemplateBook): DynamicModule {
    return {
      module: TemplatesModule,
      providers: [{ provide: TEMPLATE_BOOK, useValue: book }],
      exports: [TEMPLATE_BOOK],
    };
  }
}
