import { Module } from '@nestjs/common';
import { FireSlaTimerUseCase } from './fire-sla-timer/fire-sla-timer.usecase';
import { SlaTimers } from './sla-timers.processor';

/** Service-level timers: one instance per service (its readiness is Redis's). */
@Module({ providers: [FireSlaTimerUseCase, SlaTimers], exports: [SlaTimers] })
export class SlaModule {}
