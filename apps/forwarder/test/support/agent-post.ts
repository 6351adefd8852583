import { request as httpRequest, type Agent, type ClientRequest } from 'node:http';

export interface AgentReply {
  status: number;
  /** The reply's Connection header, `close` when the server ends the connection. */
  connection?: string;
  /** Local port of the socket, which shows whether requests shared a connection. */
  localPort: number;
}

/**
 * Starts a JSON POST through `agent` with the headers already sent, so a test
 * can end the body when it wants. The reply resolves once its body was read.
 */
export function startAgentPost(
  url: string,
  agent: Agent,
  token: string,
): { request: ClientRequest; reply: Promise<AgentReply> } {
  let request!: ClientRequest;
  const reply = new Promise<AgentReply>((resolve, reject) => {
    request = httpRequest(
      url,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (response) => {
        const localPort = response.socket.localPort as number;
        response.resume();
        response.on('end', () =>
          resolve({
            status: response.statusCode as number,
            connection: response.headers.connection,
            localPort,
          }),
        );
      },
    );
    request.on('error', reject);
  });

  request.flushHeaders();
  return { request, reply };
}
