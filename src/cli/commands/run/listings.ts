// --list-hosts and --list-tasks, in ansible-playbook's layout.
import type { LoadedProject } from '../../../engine/load-project.js';
import { tasksOf } from '../../../engine/playbook/walk.js';
import { taskSelected } from '../../../engine/run/select-tasks.js';

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
    for (const section of play.sections) {
      for (const node of tasksOf(section.tasks)) {
        if (node.module === 'meta' || !taskSelected(node, tags, skipTags)) continue;
        lines.push(`      ${node.role ? `${node.role.name} : ` : ''}${node.name ?? node.moduleAs}\tTAGS: [${node.tags.join(', ')}]`);
      }
    }
    lines.push('');
  });
  return lines.join('\n');
}
