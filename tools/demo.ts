// `npm run demo`: an incident playbook run through the real action scripts, as SecOps runs them,
// against an emulator on a free local port.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../emulator/create-emulator.ts';

interface Step {
  title: string;
  script: string;
  parameters: Record<string, string>;
}

const STEPS: Step[] = [
  { title: 'Check the connection', script: 'ping', parameters: {} },
  {
    title: 'Block the phishing senders, their IP and host (one value is a typo)',
    script: 'add-ioc-to-block-list',
    parameters: {
      'Sender Email Address': 'billing@phish.example, ceo@phish.example',
      'Sender IP Address': '203.0.113.7, 203.0.113.999',
      'Sender Hostname': 'mail.phish.example',
      Comment: 'Phishing wave, case 4711',
    },
  },
  {
    title: 'Read the block list',
    script: 'get-block-list-entries',
    parameters: { 'IOC Type To Return': 'All', 'Max IOCs To Return': '10' },
  },
  {
    title: 'Allow a partner the business vouched for',
    script: 'add-entry-to-allow-list',
    parameters: {
      'Allowlist Item':
        '{"attribute": "$from", "operator": "equal", "value": "invoices@partner.example", ' +
        '"comment": "Approved by finance"}',
    },
  },
  {
    title: 'Unblock one sender, whatever its letter case',
    script: 'remove-entry-from-block-list',
    parameters: { Value: 'BILLING@Phish.Example', 'Case Insensitive Search': 'true' },
  },
  {
    title: 'Read the block list again',
    script: 'get-block-list-entries',
    parameters: {},
  },
];

const STATE_NAMES: Record<number, string> = { 0: 'completed', 2: 'failed', 3: 'timed out' };

const emulator = await startEmulator();
console.log(`Emulator running at ${emulator.apiRoot}\n`);
try {
  for (const [index, step] of STEPS.entries()) await runStep(index + 1, step);
} finally {
  await emulator.stop();
}

async function runStep(number: number, step: Step): Promise<void> {
  const context = {
    parameters: step.parameters,
    integration_configuration: emulator.integrationConfiguration,
  };
  const output = await runScript(step.script, JSON.stringify(context));
  const result = JSON.parse(output) as {
    Message: string;
    ResultValue: boolean;
    ExecutionState: number;
    ResultObjectJson: string;
  };
  const jsonResult = JSON.parse(result.ResultObjectJson) as { JsonResult?: { RawJson: string } };

  console.log(`── ${number}. ${step.title}`);
  console.log(
    `$ node dist/actions/${step.script}.js   parameters: ${JSON.stringify(step.parameters)}`,
  );
  console.log(`Output message:\n  ${result.Message.replaceAll('\n', '\n  ')}`);
  console.log(`Script result (is_success): ${result.ResultValue}`);
  console.log(`Execution state: ${result.ExecutionState} (${STATE_NAMES[result.ExecutionState]})`);
  const raw = jsonResult.JsonResult?.RawJson;
  const shown = raw === undefined ? '(none)' : JSON.stringify(JSON.parse(raw), null, 2);
  console.log(`JSON result:\n  ${shown.replaceAll('\n', '\n  ')}\n`);
}

function runScript(script: string, stdin: string): Promise<string> {
  const path = fileURLToPath(new URL(`../actions/${script}.js`, import.meta.url));
  const child = spawn(process.execPath, [path], { stdio: ['pipe', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stdin.end(stdin);

  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve(stdout));
  });
}
