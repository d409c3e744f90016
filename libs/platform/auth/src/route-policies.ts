import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_POLICY, type AccessPolicy } from './policy';

export interface RoutePolicy {
  route: string;
  controller: string;
  handler: string;
  policy: AccessPolicy | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];
const join = (...parts: string[]) => `/${parts.map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`;

/** Every route of an app's controllers with its declared access policy (null: none declared). */
export function routePolicies(app: INestApplication): RoutePolicy[] {
  const out: RoutePolicy[] = [];
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const type = wrapper.metatype as (new (...a: unknown[]) => unknown) | null;
      if (!type) continue;
      const base = [Reflect.getMetadata(PATH_METADATA, type) ?? ''].flat()[0] as string;
      const classPolicy = Reflect.getMetadata(ACCESS_POLICY, type) as AccessPolicy | undefined;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const fn = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function') continue;
        const path = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = METHODS[Reflect.getMetadata(METHOD_METADATA, fn) as number] ?? '?';
        const policy = (Reflect.getMetadata(ACCESS_POLICY, fn) as AccessPolicy | undefined) ?? classPolicy ?? null;
        for (const p of [path].flat()) out.push({ route: `${method} ${join(base, p)}`, controller: type.name, handler: name, policy });
      }
    }
  }
  return out;
}
