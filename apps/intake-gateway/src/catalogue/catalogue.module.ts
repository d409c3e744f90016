import { Module } from '@nestjs/common';
import { CatalogueStore } from './catalogue.store';

@Module({ providers: [CatalogueStore], exports: [CatalogueStore] })
export class CatalogueModule {}
