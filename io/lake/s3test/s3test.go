// Package s3test runs a real S3-compatible server for tests: versitygw
// (github.com/versity/versitygw, Apache-2.0) with its posix backend on a
// loopback port, rooted in a temporary folder.
//
// The binary is found through the SIGHTLINE_VERSITYGW variable, which
// scripts/test.sh sets after installing versitygw into .tools/bin; without
// it Start skips the test, so `go test ./...` works on a laptop without
// the server.
package s3test

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// EnvBinary names the variable that holds the path of the versitygw binary.
const EnvBinary = "SIGHTLINE_VERSITYGW"

// Test credentials of the server's root account.
const (
	AccessKey = "sightline-test"
	SecretKey = "sightline-test-secret-0123456789"
	Region    = "us-east-1"
)

// Server is a running versitygw.
type Server struct {
	t        testing.TB
	bin      string
	root     string
	addr     string
	mu       sync.Mutex
	cmd      *exec.Cmd
	done     chan struct{}
	log      *bytes.Buffer
	Endpoint string // http://127.0.0.1:PORT
}

// Start starts versitygw on a free loopback port with a posix root in
// t.TempDir(), waits until it answers, and stops it when the test ends. It
// sets the AWS and SIGHTLINE_S3_* variables for the test so that plain
// s3://bucket/key URLs reach the server. Without SIGHTLINE_VERSITYGW it
// skips the test.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := os.Getenv(EnvBinary)
	if bin == "" {
		t.Skipf("S3 tests need a versitygw binary: run ./scripts/test.sh, or "+
			"`GOBIN=$PWD/.tools/bin go install github.com/versity/versitygw/cmd/versitygw@v1.8.0` "+
			"and set %s=$PWD/.tools/bin/versitygw", EnvBinary)
	}
	root := filepath.Join(t.TempDir(), "s3root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	s := &Server{t: t, bin: bin, root: root, addr: addr, Endpoint: "http://" + addr}
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": AccessKey, "AWS_SECRET_ACCESS_KEY": SecretKey, "AWS_SESSION_TOKEN": "",
		"AWS_REGION": Region, "AWS_PROFILE": "", "AWS_CONFIG_FILE": filepath.Join(root, "..", "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(root, "..", "no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
		"SIGHTLINE_S3_ENDPOINT":       s.Endpoint, "SIGHTLINE_S3_REGION": Region, "SIGHTLINE_S3_PATH_STYLE": "true",
	} {
		t.Setenv(k, v)
	}
	s.Restart()
	t.Cleanup(s.Stop)
	return s
}

// Restart starts the server again (on the same port and root) after Stop.
func (s *Server) Restart() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		return
	}
	s.log = &bytes.Buffer{}
	cmd := exec.Command(s.bin, "--access", AccessKey, "--secret", SecretKey, "--region", Region,
		"--port", s.addr, "--quiet", "posix", s.root)
	cmd.Stdout, cmd.Stderr = s.log, s.log
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("starting versitygw: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	s.cmd, s.done = cmd, done
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(s.Endpoint + "/")
		if err == nil {
			resp.Body.Close()
			return
		}
		select {
		case <-done:
			s.cmd = nil
			s.t.Fatalf("versitygw exited: %s", s.log)
		default:
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("versitygw did not answer on %s within 15s: %v; log: %s", s.addr, err, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// Stop kills the server and waits for it to exit.
func (s *Server) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd == nil {
		return
	}
	s.cmd.Process.Kill()
	<-s.done
	s.cmd = nil
}

// Client returns an S3 client of the server's root account.
func (s *Server) Client() *s3.Client {
	return s3.New(s3.Options{
		Region:       Region,
		BaseEndpoint: aws.String(s.Endpoint),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(AccessKey, SecretKey, ""),
	})
}

// Bucket creates a bucket and returns its s3:// URL base.
func (s *Server) Bucket(name string) string {
	s.t.Helper()
	if _, err := s.Client().CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		s.t.Fatalf("creating bucket %s: %v", name, err)
	}
	return "s3://" + name
}

// Put uploads data as bucket/key.
func (s *Server) Put(bucket, key string, data []byte) {
	s.t.Helper()
	_, err := s.Client().PutObject(context.Background(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)})
	if err != nil {
		s.t.Fatalf("put s3://%s/%s: %v", bucket, key, err)
	}
}

// UploadDir uploads every file below dir as bucket/prefix/<relative path>.
func (s *Server) UploadDir(bucket, prefix, dir string) {
	s.t.Helper()
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s.Put(bucket, prefix+filepath.ToSlash(rel), data)
		return nil
	})
	if err != nil {
		s.t.Fatal(err)
	}
}

// Get downloads bucket/key.
func (s *Server) Get(bucket, key string) []byte {
	s.t.Helper()
	out, err := s.Client().GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		s.t.Fatalf("get s3://%s/%s: %v", bucket, key, err)
	}
	defer out.Body.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(out.Body); err != nil {
		s.t.Fatal(err)
	}
	return buf.Bytes()
}

// Keys lists the keys under prefix.
func (s *Server) Keys(bucket, prefix string) []string {
	s.t.Helper()
	var keys []string
	p := s3.NewListObjectsV2Paginator(s.Client(), &s3.ListObjectsV2Input{Bucket: aws.String(bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			s.t.Fatalf("listing s3://%s/%s: %v", bucket, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key))
		}
	}
	return keys
}

// String describes the server.
func (s *Server) String() string { return fmt.Sprintf("versitygw at %s (root %s)", s.Endpoint, s.root) }
