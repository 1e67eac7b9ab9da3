/**
 * Local guards the node can apply before dialling: pure functions, no I/O. They follow
 * Regulation F (12 CFR part 1006) and never replace Veritus's own compliance checks; a block is
 * reported with a `local:` check id and a check name that says it comes from the n8n node.
 */
export {
	guardCheck,
	guardFailureCheck,
	LOCAL_ATTEMPT_CAP_CHECK,
	LOCAL_CONVERSATION_CHECK,
	LOCAL_GUARD_CHECKS,
	LOCAL_OUTSIDE_CALLING_HOURS_CHECK,
	NODE_CHECK_SUFFIX,
	type GuardFailure,
	type LocalGuardCheckId,
} from './checks';
export {
	CALLING_HOURS_END_FIELD,
	CALLING_HOURS_START_FIELD,
	checkCallingHours,
	parseCallingWindow,
	parseTimeOfDay,
	parseTimeZone,
	REGULATION_F_CALLING_WINDOW,
	TIME_ZONE_FIELD,
	type CallingHoursResult,
	type CallingWindow,
} from './callingHours';
export {
	ATTEMPT_PERIOD_MS,
	CALL_LIMIT_FIELD,
	CALLS_IN_LAST_7_DAYS_FIELD,
	checkAttemptCap,
	LAST_CONVERSATION_AT_FIELD,
	REGULATION_F_CALL_LIMIT,
	type AttemptCapInput,
	type AttemptCapResult,
} from './attemptCap';
export { localTime, wallTimeToUtc, type LocalTime, type WallTime } from './zonedTime';
