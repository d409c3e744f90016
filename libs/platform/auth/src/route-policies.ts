import type { DynamicModule, Type } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ACCESS_POLICY, type AccessPolicy } from './policy';

export interface RoutePolicy {
  /** e.g. `GET /api/v1/cases/:reference` */
  route: string;
  controller: string;
  policy: AccessPolicy | null;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD', 'SEARCH'];
const join = (...parts: string[]) =>
  `/${parts
    .map((p) => p.replace(/^\/|\/$/g, ''))
    .filter(Boolean)
    .join('/')}`;
type ModuleLike = DynamicModule | Type | Promise<DynamicModule> | undefined;

/** Every controller an app module declares, through the modules it imports (read from metadata: nothing is started). */
export function controllersOf(root: ModuleLike, seen = new Set<unknown>()): Type[] {
  if (!root || root instanceof Promise || seen.has(root)) return [];
  seen.add(root);
  const dynamic = 'module' in root ? (root as DynamicModule) : null;
  const type = dynamic ? dynamic.module : (root as Type);
  const controllers: Type[] = [
    ...(Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, type) ?? []),
    ...(dynamic?.controllers ?? []),
  ];
  const imports: ModuleLike[] = [
    ...(Reflect.getMetadata(MODULE_METADATA.IMPORTS, type) ?? []),
    ...((dynamic?.imports ?? []) as ModuleLike[]),
  ];
  return [...new Set([...controllers, ...imports.flatMap((m) => controllersOf(m, seen))])];
}

/** A handler of a controller, with the routes it serves (e.g. `GET /api/v1/cases/:reference`). */
export interface RouteHandler {
  controller: Type;
  /** The handler's method name on the controller. */
  name: string;
  handler: (...args: unknown[]) => unknown;
  routes: string[];
}

/** Every route handler of an app module's controllers (read from metadata: nothing is started). */
export function routeHandlersOf(root: DynamicModule | Type): RouteHandler[] {
  const out: RouteHandler[] = [];
  for (const type of controllersOf(root)) {
    const base = [Reflect.getMetadata(PATH_METADATA, type) ?? ''].flat()[0] as string;
    for (const name of Object.getOwnPropertyNames(type.prototype)) {
      const fn = (type.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof fn !== 'function') continue;
      const path = Reflect.getMetadata(PATH_METADATA, fn) as string | string[] | undefined;
      if (path === undefined) continue;
      const method = METHODS[Reflect.getMetadata(METHOD_METADATA, fn) as number] ?? '?';
      out.push({
        controller: type,
        name,
        handler: fn as RouteHandler['handler'],
        routes: [path].flat().map((p) => `${method} ${join(base, p)}`),
      });
    }
  }
  return out;
}

/** Every route of an app module's controllers with its declared access policy (null: none declared). */
export function routePolicies(root: DynamicModule | Type): RoutePolicy[] {
  const out: RoutePolicy[] = [];
  for (const { controller, handler, routes } of routeHandlersOf(root)) {
    const policy =
      (Reflect.getMetadata(ACCESS_POLICY, handler) as AccessPolicy | undefined) ??
      (Reflect.getMetadata(ACCESS_POLICY, controller) as AccessPolicy | undefined) ??
      null;
    for (const route of routes) out.push({ route, controller: controller.name, policy });
  }
  return out.sort((a, b) => a.route.localeCompare(b.route));
}

/** A route's policy in one line, for tests and docs: `public` or the roles and services it allows. */
export const policyLine = (p: AccessPolicy | null): string =>
  !p
    ? 'NONE'
    : 'public' in p
      ? 'public'
      : [...p.allow.roles, ...p.allow.services.map((s) => `service:${s}`)].join(' ');
