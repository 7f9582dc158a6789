/** The action context a bench run hands a script, and what it reads back from the result. */
import type { IntegrationConfiguration } from '../../emulator/create-emulator.ts';

export function actionContext(
  configuration: IntegrationConfiguration,
  parameters: Record<string, string> = {},
): string {
  return JSON.stringify({ parameters, integration_configuration: configuration });
}

/** One record of an Add or Remove JSON result. */
export interface ValueRecord {
  value: string;
  attribute: string;
  status: string;
}

export interface ParsedResult {
  message: string;
  resultValue: boolean;
  executionState: number;
  /** The JSON result, when the action had one. */
  jsonResult: unknown;
}

/** @throws when standard output is not one SecOps result object. */
export function parseActionResult(stdout: string): ParsedResult {
  const result = asRecord(JSON.parse(stdout), 'the result');
  const resultObject = asRecord(
    JSON.parse(String(result['ResultObjectJson'] ?? '{}')),
    'ResultObjectJson',
  );
  const jsonResult = resultObject['JsonResult'];
  const rawJson =
    jsonResult === undefined ? undefined : asRecord(jsonResult, 'JsonResult')['RawJson'];

  return {
    message: String(result['Message']),
    resultValue: result['ResultValue'] === true,
    executionState: Number(result['ExecutionState']),
    jsonResult: typeof rawJson === 'string' ? JSON.parse(rawJson) : undefined,
  };
}

export function valueRecords(result: ParsedResult): ValueRecord[] {
  if (!Array.isArray(result.jsonResult)) return [];

  return result.jsonResult.map((item: unknown) => {
    const record = asRecord(item, 'a JSON result record');
    return {
      value: String(record['value']),
      attribute: String(record['attribute']),
      status: String(record['status']),
    };
  });
}

function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
