// --list-hosts and --list-tasks, in ansible-playbook's layout.
import type { LoadedProject } from '../../../engine/load-project.js';
import type { TaskNode } from '../../../engine/playbook/model.js';
import { selectedByTags } from '../../../engine/run/select-tasks.js';

export function listHosts(project: LoadedProject, limit?: string): string {
  const lines = [`playbook: ${project.playbook.file}`, ''];
  const limited = limit ? new Set(project.inventory.selectHosts(limit).hosts) : undefined;
  project.playbook.plays.forEach((play, i) => {
    const hosts = project.inventory.selectHosts(play.hosts).hosts.filter((h) => !limited || limited.has(h));
    lines.push(`  play #${i + 1} (${play.hosts}): ${play.name}\tTAGS: [${play.tags.join(', ')}]`);
    lines.push(`    pattern: ['${play.hosts}']`);
    lines.push(`    hosts (${hosts.length}):`);
    for (const h of hosts) lines.push(`      ${h}`);
    lines.push('');
  });
  return lines.join('\n');
}

export function listTasks(project: LoadedProject, tags: string[], skipTags: string[]): string {
  const lines = [`playbook: ${project.playbook.file}`, ''];
  project.playbook.plays.forEach((play, i) => {
    lines.push(`  play #${i + 1} (${play.hosts}): ${play.name}\tTAGS: [${play.tags.join(', ')}]`);
    lines.push('    tasks:');
    const visit = (nodes: TaskNode[]): void => {
      for (const node of nodes) {
        if (node.kind === 'block') {
          visit(node.block);
          visit(node.rescue);
          visit(node.always);
          continue;
        }
        if (node.module === 'meta') continue;
        if (!selectedByTags(node.tags, tags, skipTags)) continue;
        const name = node.name ?? node.moduleAs;
        lines.push(`      ${node.role ? `${node.role.name} : ` : ''}${name}\tTAGS: [${node.tags.join(', ')}]`);
      }
    };
    for (const section of play.sections) visit(section.tasks);
    lines.push('');
  });
  return lines.join('\n');
}
