/** The Lambda context a handler under test receives (https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html). */
import type { Context } from 'aws-lambda';

export type Handler<Result = unknown> = (event: unknown, ctx: Context) => Promise<Result>;

export function lambdaContext(functionName: string, timeoutMs: number, memoryLimitInMB = '256'): Context {
  return {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB,
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/22/[$LATEST]abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => timeoutMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
