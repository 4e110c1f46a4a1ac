// Command bfs finds the shortest route through a grid maze using
// breadth-first search. Walls are '#', open cells '.', the start 'S'
// and the goal 'G'. Moves are up, down, left and right.
package main

import (
	"errors"
	"fmt"
	"strings"
)

type point struct{ r, c int }

var moves = []point{{-1, 0}, {1, 0}, {0, -1}, {0, 1}}

// find returns the coordinates of the first occurrence of ch.
func find(grid []string, ch byte) (point, error) {
	for r, row := range grid {
		if c := strings.IndexByte(row, ch); c >= 0 {
			return point{r, c}, nil
		}
	}
	return point{}, fmt.Errorf("marker %q not found", ch)
}

// shortestPath returns the cells on a shortest path from S to G, inclusive.
func shortestPath(grid []string) ([]point, error) {
	start, err := find(grid, 'S')
	if err != nil {
		return nil, err
	}
	goal, err := find(grid, 'G')
	if err != nil {
		return nil, err
	}

	prev := map[point]point{start: start}
	queue := []point{start}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur == goal {
			break
		}
		for _, m := range moves {
			next := point{cur.r + m.r, cur.c + m.c}
			if next.r < 0 || next.r >= len(grid) || next.c < 0 || next.c >= len(grid[next.r]) {
				continue
			}
			if grid[next.r][next.c] == '#' {
				continue
			}
			if _, seen := prev[next]; seen {
				continue
			}
			prev[next] = cur
			queue = append(queue, next)
		}
	}

	if _, ok := prev[goal]; !ok {
		return nil, errors.New("goal is unreachable")
	}
	var path []point
	for p := goal; p != start; p = prev[p] {
		path = append(path, p)
	}
	path = append(path, start)
	for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
		path[i], path[j] = path[j], path[i]
	}
	return path, nil
}

func main() {
	maze := []string{
		"S..#......",
		".#.#.####.",
		".#...#....",
		".####.#.#.",
		"......#.#G",
	}
	path, err := shortestPath(maze)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	canvas := make([][]byte, len(maze))
	for i, row := range maze {
		canvas[i] = []byte(row)
	}
	for _, p := range path[1 : len(path)-1] {
		canvas[p.r][p.c] = '*'
	}
	for _, row := range canvas {
		fmt.Println(string(row))
	}
	fmt.Printf("steps: %d\n", len(path)-1)
}
